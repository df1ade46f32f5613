/// Why a QR code could not be made or rendered.
///
/// The error never includes the text or bytes being encoded: a friend-add or invite link may carry a
/// token that is only meant for the people it is shown to.
public struct QRCodeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of problem. New codes may be added.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case empty
            case tooLong
            case invalidScale
            case encoderFailure
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// There is nothing to encode.
        public static let empty = Code(.empty)
        /// The data does not fit the largest QR code (version 40) at the requested error correction level.
        public static let tooLong = Code(.tooLong)
        /// A module size, scale or quiet zone is outside ``QRCode/supportedScales`` or
        /// ``QRCode/supportedQuietZones``.
        public static let invalidScale = Code(.invalidScale)
        /// libqrencode or zlib failed for another reason, such as running out of memory;
        /// ``QRCodeError/underlyingCode`` holds what the library reported.
        public static let encoderFailure = Code(.encoderFailure)

        /// The code's name.
        public var description: String { base.rawValue }
    }

    /// The kind of problem.
    public var code: Code
    /// A short explanation that names no input content.
    public var message: String
    /// For ``Code/encoderFailure``: the `errno` value libqrencode set, or the status zlib returned.
    public var underlyingCode: Int32?

    /// Creates an error.
    /// - Parameters:
    ///   - code: The kind of problem.
    ///   - message: A short explanation that names no input content.
    ///   - underlyingCode: The `errno` value or zlib status behind an ``Code/encoderFailure``.
    public init(code: Code, message: String, underlyingCode: Int32? = nil) {
        self.code = code
        self.message = message
        self.underlyingCode = underlyingCode
    }

    /// A one-line explanation: the code, the message and any underlying library code.
    public var description: String {
        var text = "\(code): \(message)"
        if let underlyingCode { text += " (\(underlyingCode))" }
        return text
    }
}
