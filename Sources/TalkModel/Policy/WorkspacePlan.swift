/// The workspace plan a tenant is on, which sets the defaults of its external-talk switches (R03).
public enum WorkspacePlan: Sendable, Hashable, CaseIterable {
    /// The free plan: both links start enabled for every member.
    case free
    /// Any paid plan: both links start disabled with nobody allowed, until an admin enables them (R03).
    case paid
}
