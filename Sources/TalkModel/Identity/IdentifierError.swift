/// An identifier string that could not be parsed, with what was wrong and where.
///
/// ``description`` names the kind of identifier, the problem and the character offset, but never
/// repeats the input: identifiers can be personal data. ``debugDescription`` adds the input for
/// local debugging.
public struct IdentifierError: Error, Hashable, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What was wrong, as a value to compare against; new codes may be added in later versions.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case empty
            case tooLong
            case invalidCharacter
            case missingSeparator
            case missingPrefix
            case wrongLength
            case emptyPart
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// The input was empty.
        public static let empty = Code(.empty)
        /// The input, or one of its parts, was longer than allowed.
        public static let tooLong = Code(.tooLong)
        /// A character is not allowed at its position.
        public static let invalidCharacter = Code(.invalidCharacter)
        /// A required separator, such as the `@` of a member ID, is missing.
        public static let missingSeparator = Code(.missingSeparator)
        /// A required leading character, such as the `U` of a LINE user ID, is missing.
        public static let missingPrefix = Code(.missingPrefix)
        /// The input does not have the fixed length its kind requires.
        public static let wrongLength = Code(.wrongLength)
        /// A part between separators is empty, such as the domain label in `a@b..jp`.
        public static let emptyPart = Code(.emptyPart)

        /// The code's name.
        public var description: String { base.rawValue }
    }

    /// What was wrong.
    public let code: Code
    /// The kind of identifier that was parsed, for example `member ID`.
    public let kind: String
    /// The offset, in Unicode scalars from the start of the input, where the problem was found, if known.
    public let offset: Int?
    /// A sentence saying what was wrong and what is expected.
    public let message: String
    private let input: String

    init(_ code: Code, kind: String, offset: Int? = nil, input: String, _ message: String) {
        self.code = code
        self.kind = kind
        self.offset = offset
        self.message = message
        self.input = input
    }

    /// The kind, offset and problem, without the input.
    public var description: String {
        let position = offset.map { " at offset \($0)" } ?? ""
        return "invalid \(kind)\(position): \(message)"
    }

    /// The description followed by the rejected input, for local debugging only.
    public var debugDescription: String { "\(description) (input: \(String(reflecting: input)))" }
}
