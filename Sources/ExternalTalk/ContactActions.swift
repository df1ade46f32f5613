import Logging
public import TalkModel
import TalkStorage

extension ExternalTalkService {
    /// A member's contacts, filed under "customers / partners" (R20).
    /// - Parameter member: The member.
    /// - Returns: The contacts.
    /// - Throws: A storage error.
    public func contacts(of member: MemberID) async throws -> [Contact] {
        try await storage.read { try $0.addressBook(of: member)?.contacts ?? [] }
    }

    /// Searches a member's contacts by display name or ID (R24).
    /// - Parameters:
    ///   - query: The text to look for.
    ///   - member: The member.
    /// - Returns: The matching contacts.
    /// - Throws: A storage error.
    public func searchContacts(_ query: String, of member: MemberID) async throws -> [Contact] {
        try await storage.read { try $0.addressBook(of: member)?.search(query) ?? [] }
    }

    /// A member's trash: deleted contacts that can still be restored (R23).
    /// - Parameter member: The member.
    /// - Returns: The trashed contacts.
    /// - Throws: A storage error.
    public func trash(of member: MemberID) async throws -> [TrashedContact] {
        let time = now()
        return try await storage.read { try $0.addressBook(of: member)?.trash(at: time) ?? [] }
    }

    /// Edits a field of a contact; only the fields our side owns (name, phone, e-mail, affiliation, notes,
    /// birthday), never the synced ones (nickname, company name, profile photo) (R21).
    /// - Parameters:
    ///   - field: The field.
    ///   - value: The new value; `nil` clears it.
    ///   - party: The contact.
    ///   - member: The member whose address book it is.
    /// - Throws: ``ExternalTalkError/Code/contact`` when the field is synced or the contact unknown.
    public func setContactField(
        _ field: ContactField,
        to value: String?,
        for party: Party,
        by member: MemberID
    )
        async throws
    {
        try await changeAddressBook(of: member, party: party, change: "edited") { book, _ in
            try book.set(field, to: value, for: party)
        }
    }

    /// Gives a LINE friend a local alias, shown instead of their display name (R21); only once they are a friend.
    /// - Parameters:
    ///   - alias: The alias; `nil` removes it.
    ///   - party: The contact.
    ///   - member: The member.
    /// - Throws: ``ExternalTalkError/Code/contact``.
    public func setContactAlias(_ alias: String?, for party: Party, by member: MemberID) async throws {
        try await changeAddressBook(of: member, party: party, change: "edited") { book, _ in
            try book.setAlias(alias, for: party)
        }
    }

    /// Deletes a contact the member registered (R22): it moves to the trash for 30 days (R23), and the room with it
    /// becomes read-only with its history hidden until it is restored.
    /// - Parameters:
    ///   - party: The contact.
    ///   - member: The member.
    /// - Throws: ``ExternalTalkError/Code/contact`` when the member did not register it.
    public func deleteContact(_ party: Party, by member: MemberID) async throws {
        try await changeAddressBook(of: member, party: party, change: "trashed") { book, time in
            _ = try book.delete(party, by: member, at: time)
        } rooms: { room in
            _ = try? room.restrict(.contactDeleted)
        }
    }

    /// Restores a contact from the trash within 30 days, with all its data (R23); the room comes back.
    /// - Parameters:
    ///   - party: The contact.
    ///   - member: The member.
    /// - Throws: ``ExternalTalkError/Code/contact`` when it is not in the trash or has expired.
    public func restoreContact(_ party: Party, by member: MemberID) async throws {
        try await changeAddressBook(of: member, party: party, change: "restored") { book, time in
            _ = try book.restore(party, by: member, at: time)
        } rooms: { room in
            _ = try? room.lift(.contactDeleted)
        }
    }

    /// Deletes a contact from the trash for good (R23).
    /// - Parameters:
    ///   - party: The contact.
    ///   - member: The member.
    /// - Throws: ``ExternalTalkError/Code/contact``.
    public func purgeContact(_ party: Party, by member: MemberID) async throws {
        try await changeAddressBook(of: member, party: party, change: "purged") { book, _ in
            try book.purge(party, by: member)
        }
    }

    private func changeAddressBook(
        of member: MemberID,
        party: Party,
        change: String,
        _ body: @Sendable @escaping (inout AddressBook, Timestamp) throws -> Void,
        rooms: (@Sendable (inout Room) -> Void)? = nil
    ) async throws {
        try await prepare()
        let time = now()
        try await storage.write { storage in
            var book = try storage.addressBook(of: member) ?? AddressBook()
            do {
                try body(&book, time)
            } catch let error as ContactError {
                throw ExternalTalkError(.contact, error.message, underlying: error)
            }
            try storage.saveAddressBook(book, of: member)
            try self.publish(
                .contactChanged(member: member, party: party.searchableID, change: change),
                room: nil,
                at: time,
                in: storage
            )
            guard let rooms else { return }
            for roomID in try self.roomIDs(of: member, with: party, in: storage) {
                guard var room = try storage.room(roomID) else { continue }
                let before = room.room.status
                rooms(&room.room)
                guard room.room.status != before else { continue }
                room.updatedAt = time
                try storage.saveRoom(room)
                try self.publish(
                    .roomStatusChanged(status: room.room.status.description),
                    room: room.id,
                    at: time,
                    in: storage
                )
            }
        }
        feedSignal.signal()
    }

    /// The rooms our member has with a party: through the member's own channels for a LINE user, or the
    /// federation room for a workspace user.
    func roomIDs(of member: MemberID, with party: Party, in storage: any TalkStorageReader) throws -> [TalkRoomID] {
        switch party {
        case .workspaceUser(let peer):
            return [Self.workspaceRoomID(member: member, peer: peer)]
        case .lineUser(let user):
            return channels.values
                .filter { $0.configuration.owner == member && $0.configuration.channel.provider == user.provider }
                .map { Self.lineRoomID(channel: $0.id, user: user.userID) }
        }
    }

    /// Purges contacts that have been in the trash for 30 days (R23).
    /// - Returns: How many were purged.
    @discardableResult
    func purgeExpiredContacts() async throws -> Int {
        let time = now()
        var cursor: MemberID?
        var purged = 0
        while true {
            let after = cursor
            let owners = try await storage.read { try $0.addressBookOwners(after: after, limit: 200) }
            for owner in owners {
                purged += try await storage.write { storage -> Int in
                    guard var book = try storage.addressBook(of: owner) else { return 0 }
                    let expired = book.purgeExpired(at: time)
                    guard !expired.isEmpty else { return 0 }
                    try storage.saveAddressBook(book, of: owner)
                    for party in expired {
                        try self.publish(
                            .contactChanged(member: owner, party: party.searchableID, change: "purged"),
                            room: nil,
                            at: time,
                            in: storage
                        )
                    }
                    return expired.count
                }
            }
            guard let last = owners.last, owners.count == 200 else { break }
            cursor = last
        }
        if purged > 0 { feedSignal.signal() }
        return purged
    }
}
