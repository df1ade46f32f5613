import TalkModel
import TalkStorage

extension StorageConformanceCheck {
    /// The monthly quota count: per channel and month, accumulating, without lost updates (R32).
    public static var quota: [StorageConformanceCheck] {
        [
            StorageConformanceCheck("R32 quota: usage accumulates per channel and month") { h in
                let first = try Fixtures.channel(1)
                let second = try Fixtures.channel(2)
                let june = CalendarMonth(year: 2025, month: 6)
                let july = CalendarMonth(year: 2025, month: 7)
                let nextJune = CalendarMonth(year: 2026, month: 6)
                let totals = try await h.storage.write { w in
                    [
                        try w.addQuotaUsage(3, channel: first, month: june),
                        try w.addQuotaUsage(4, channel: first, month: june),
                        try w.addQuotaUsage(0, channel: first, month: june),
                        try w.addQuotaUsage(10, channel: first, month: july),
                        try w.addQuotaUsage(100, channel: second, month: june),
                    ]
                }
                try h.expect(totals, equals: [3, 7, 7, 10, 100], "the totals the adds return")
                let later = try await h.storage.write { try $0.addQuotaUsage(5, channel: first, month: june) }
                try h.expect(later, equals: 12, "a later transaction adds to the stored total")
                let concurrent = try await withThrowingTaskGroup(of: Int.self) { group in
                    for _ in 0..<50 {
                        group.addTask {
                            try await h.storage.write { try $0.addQuotaUsage(1, channel: second, month: july) }
                        }
                    }
                    var totals: [Int] = []
                    for try await total in group { totals.append(total) }
                    return totals
                }
                try h.expect(concurrent.sorted(), equals: Array(1...50), "the totals of 50 concurrent adds of 1")
                let seen = try await h.storage.read { r in
                    [
                        try r.quotaUsage(channel: first, month: june), try r.quotaUsage(channel: first, month: july),
                        try r.quotaUsage(channel: first, month: nextJune),
                        try r.quotaUsage(channel: second, month: june),
                        try r.quotaUsage(channel: second, month: july),
                        try r.quotaUsage(channel: try Fixtures.channel(3), month: june),
                    ]
                }
                try h.expect(
                    seen,
                    equals: [12, 10, 0, 100, 50, 0],
                    "usage per channel and month; a year apart is another month"
                )
            }
        ]
    }
}
