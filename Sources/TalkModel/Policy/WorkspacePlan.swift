/// The workspace plan a tenant is on, which sets the defaults of its external-talk switches (R03).
public enum WorkspacePlan: Sendable, Hashable, CaseIterable {
    /// The free plan: both links start enabled for every member.
    case free
    /// Any paid plan: both links start disabled with nobody allowed, until an admin enables them (R03).
    case paid
}

// MARK: Stored format

extension WorkspacePlan: Codable {
    /// The name a case is stored under. It is written out, not derived from the Swift case, so that renaming a
    /// case never changes stored data.
    var storedName: String {
        switch self {
        case .free: "free"
        case .paid: "paid"
        }
    }

    /// Decodes a workspace plan stored under its fixed name.
    ///
    /// The stored format is stable: one string, such as `free`.
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError.dataCorrupted` when the stored string names no workspace plan.
    public init(from decoder: any Decoder) throws {
        self = try StoredFormat.decodeName(from: decoder, kind: "workspace plan", cases: Self.allCases) {
            $0.storedName
        }
    }

    /// Encodes the workspace plan as its fixed name, the stable stored format.
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: The encoder's error.
    public func encode(to encoder: any Encoder) throws {
        try StoredFormat.encode(storedName, to: encoder)
    }
}
