/// A built-in group of the address book.
public enum AddressBookGroup: Sendable, Hashable, CaseIterable {
    /// Every registered contact is filed under "customers / partners" (R20).
    case customersAndPartners
    /// Parties connected through external talk, LINE users and workspace users alike, each shown with
    /// its kind; visible only to members allowed for the link of that kind (R10).
    case externalUsers
}
