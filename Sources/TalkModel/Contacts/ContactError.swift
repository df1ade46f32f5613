/// A contact or trash operation that the address book refused.
///
/// Errors from this area leave the value they were thrown from unchanged.
public struct ContactError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, as a value to compare against; new codes may be added in later versions.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case notFound
            case alreadyExists
            case fieldNotEditable
            case aliasNeedsFriend
            case notRegisteredByYou
            case notInTrash
            case trashExpired
            case invalidValue
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// No contact with that identity is in the address book.
        public static let notFound = Code(.notFound)
        /// A contact with that identity is already in the address book or its trash.
        public static let alreadyExists = Code(.alreadyExists)
        /// The field is synced from the other side and cannot be edited (R21).
        public static let fieldNotEditable = Code(.fieldNotEditable)
        /// A LINE user can get a local alias only once they are a friend (R21).
        public static let aliasNeedsFriend = Code(.aliasNeedsFriend)
        /// Only the member who registered a contact may delete, restore or purge it (R22).
        public static let notRegisteredByYou = Code(.notRegisteredByYou)
        /// The contact is not in the trash.
        public static let notInTrash = Code(.notInTrash)
        /// The contact stayed in the trash longer than the retention period and is gone (R23).
        public static let trashExpired = Code(.trashExpired)
        /// The value is not acceptable for the field, such as a blank name.
        public static let invalidValue = Code(.invalidValue)

        /// The code's name.
        public var description: String { base.rawValue }
    }

    /// What went wrong.
    public let code: Code
    /// A sentence saying what went wrong, naming the rule (such as `R22`) where one applies.
    public let message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The code and the message.
    public var description: String { "ContactError.\(code): \(message)" }
}
