import Foundation
import Synchronization
import TalkModel

/// Remembers recent rooms' stored JSON both ways, so that a room read and saved again and again (every message
/// updates its room's reply token and times, not its state machine) is encoded and decoded once, not each time.
///
/// Both directions are pure functions of their input, so a hit gives exactly what the coder would; the memo only
/// saves work. It holds at most ``capacity`` entries each way and starts over when full.
final class RoomJSONMemo: Sendable {
    static let shared = RoomJSONMemo()
    let capacity = 4096

    private let decoded = Mutex<[String: Room]>([:])
    private let encoded = Mutex<[Room: String]>([:])

    func decode(_ text: String) throws -> Room {
        if let room = decoded.withLock({ $0[text] }) { return room }
        let room = try JSONDecoder().decode(Room.self, from: Data(text.utf8))
        remember(room, text)
        return room
    }

    func encode(_ room: Room) throws -> String {
        if let text = encoded.withLock({ $0[room] }) { return text }
        let text = try JSONColumn.encode(room)
        remember(room, text)
        return text
    }

    private func remember(_ room: Room, _ text: String) {
        decoded.withLock { memo in
            if memo.count >= capacity { memo.removeAll(keepingCapacity: true) }
            memo[text] = room
        }
        encoded.withLock { memo in
            if memo.count >= capacity { memo.removeAll(keepingCapacity: true) }
            memo[room] = text
        }
    }
}
