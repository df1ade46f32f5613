import TalkModel
import Testing

@Suite struct ChatModeTests {
    // 2025-06-02 is a Monday; 00:00 UTC is 09:00 in Tokyo.
    let mondayNineJST = Fixtures.start

    @Test func r19_chatModeIsOffByDefault() {
        let settings = ChatModeSettings()
        #expect(!settings.isEnabled)
        #expect(settings.mode(at: mondayNineJST) == .off)
    }

    @Test func r19_enabledWithoutScheduleIsManualChat() {
        #expect(ChatModeSettings(isEnabled: true).mode(at: mondayNineJST) == .manualChat)
    }

    @Test func r19_weeklyScheduleSwitchesModesByTokyoTime() throws {
        let schedule = try WeeklySchedule(
            zone: .asiaTokyo,
            ranges: [
                try ScheduleRange(weekday: .monday, from: (9, 0), to: (18, 0), mode: .manualChat),
                try ScheduleRange(weekday: .tuesday, from: (9, 0), to: (12, 0), mode: .manualChat),
            ]
        )
        let settings = ChatModeSettings(isEnabled: true, schedule: schedule)
        #expect(settings.mode(at: mondayNineJST) == .manualChat)
        #expect(settings.mode(at: mondayNineJST.advanced(by: .minutes(-1))) == .autoReply)
        #expect(settings.mode(at: mondayNineJST.advanced(by: .hours(9)).advanced(by: .minutes(-1))) == .manualChat)
        #expect(settings.mode(at: mondayNineJST.advanced(by: .hours(9))) == .autoReply)
        #expect(settings.mode(at: mondayNineJST.advanced(by: .days(1)).advanced(by: .hours(2))) == .manualChat)
        #expect(settings.mode(at: mondayNineJST.advanced(by: .days(1)).advanced(by: .hours(3))) == .autoReply)
        // The same instant read in UTC is Monday 00:00, outside the range.
        let utcSchedule = try WeeklySchedule(zone: .utc, ranges: schedule.ranges)
        #expect(utcSchedule.mode(at: mondayNineJST) == .autoReply)
        var disabled = settings
        disabled.isEnabled = false
        #expect(disabled.mode(at: mondayNineJST) == .off)
    }

    @Test func r19_invalidRangesAndOverlapsAreRejected() throws {
        #expect(throws: ScheduleError.self) {
            try ScheduleRange(weekday: .monday, startMinute: 600, endMinute: 600, mode: .manualChat)
        }
        #expect(throws: ScheduleError.self) {
            try ScheduleRange(weekday: .monday, startMinute: -1, endMinute: 60, mode: .manualChat)
        }
        #expect(throws: ScheduleError.self) {
            try ScheduleRange(weekday: .monday, startMinute: 0, endMinute: 1441, mode: .manualChat)
        }
        #expect(throws: ScheduleError.self) {
            try ScheduleRange(weekday: .monday, from: (9, 60), to: (10, 0), mode: .manualChat)
        }
        let error = #expect(throws: ScheduleError.self) {
            try WeeklySchedule(
                zone: .asiaTokyo,
                ranges: [
                    try ScheduleRange(weekday: .friday, from: (9, 0), to: (12, 0), mode: .manualChat),
                    try ScheduleRange(weekday: .friday, from: (11, 0), to: (13, 0), mode: .autoReply),
                ]
            )
        }
        #expect(error?.code == .overlappingRanges)
        let adjacent = try WeeklySchedule(
            zone: .asiaTokyo,
            ranges: [
                try ScheduleRange(weekday: .friday, from: (9, 0), to: (12, 0), mode: .manualChat),
                try ScheduleRange(weekday: .friday, from: (12, 0), to: (24, 0), mode: .autoReply),
            ],
            otherwise: .off
        )
        #expect(adjacent.ranges.count == 2)
    }
}
