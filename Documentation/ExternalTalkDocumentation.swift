// The ExternalTalk documentation catalog lives beside this file in `ExternalTalk.docc`.
// SwiftPM needs one source file to treat the folder as a target; this is it.
