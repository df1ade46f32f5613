import TalkModel
