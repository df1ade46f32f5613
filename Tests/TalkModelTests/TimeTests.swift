import TalkModel
import Testing

@Suite struct TimeTests {
    @Test func manualClockMovesOnlyWhenAdvanced() {
        var clock = ManualClock(at: Fixtures.start)
        #expect(clock.now() == Fixtures.start)
        clock.advance(by: .days(30))
        #expect(Fixtures.start.duration(to: clock.now()) == .days(30))
        clock.set(to: .epoch)
        #expect(clock.now() == .epoch)
    }

    @Test func systemClockReadsTheWallClock() {
        // 2020-09-13T12:26:40Z: any machine running these tests is later than that.
        #expect(SystemClock().now() > Timestamp(millisecondsSinceEpoch: 1_600_000_000_000))
    }

    @Test func timestampArithmeticSaturatesInsteadOfTrapping() {
        let late = Timestamp(millisecondsSinceEpoch: .max - 1)
        #expect(late.advanced(by: .days(1)).millisecondsSinceEpoch == .max)
        #expect(TalkDuration.days(.max).milliseconds == .max)
        #expect(Timestamp(millisecondsSinceEpoch: .min).duration(to: late).milliseconds == .max)
    }

    @Test func r32_tokyoMonthStartsAtMidnightJST() {
        // 2025-01-31T23:59:59.999+09:00 and 2025-02-01T00:00+09:00.
        let lastMillisecondOfJanuary = Timestamp(millisecondsSinceEpoch: 1_738_335_599_999)
        let firstOfFebruary = Timestamp(millisecondsSinceEpoch: 1_738_335_600_000)
        #expect(
            CalendarMonth.containing(lastMillisecondOfJanuary, in: .asiaTokyo) == CalendarMonth(year: 2025, month: 1)
        )
        #expect(CalendarMonth.containing(firstOfFebruary, in: .asiaTokyo) == CalendarMonth(year: 2025, month: 2))
        // In UTC it is still January 31st.
        #expect(CalendarMonth.containing(firstOfFebruary, in: .utc) == CalendarMonth(year: 2025, month: 1))
        #expect(CalendarMonth(year: 2025, month: 2).description == "2025-02")
    }

    @Test func localTimeHandlesLeapDaysAndInstantsBefore1970() {
        let leapDay = TalkTimeZone.utc.localTime(at: Timestamp(millisecondsSinceEpoch: 1_709_208_000_000))
        #expect((leapDay.year, leapDay.month, leapDay.day) == (2024, 2, 29))
        #expect(leapDay.weekday == .thursday)
        #expect(leapDay.minuteOfDay == 12 * 60)
        let beforeEpoch = TalkTimeZone.utc.localTime(at: Timestamp(millisecondsSinceEpoch: -3_600_000))
        #expect((beforeEpoch.year, beforeEpoch.month, beforeEpoch.day) == (1969, 12, 31))
        #expect(beforeEpoch.weekday == .wednesday)
        #expect(beforeEpoch.minuteOfDay == 23 * 60)
    }

    @Test func timeZonesValidateFixedOffsetsAndClampRules() throws {
        #expect(throws: ScheduleError.self) { try TalkTimeZone(identifier: "Nowhere", secondsFromUTC: 19 * 3600) }
        #expect(throws: ScheduleError.self) { try TalkTimeZone(identifier: "", secondsFromUTC: 0) }
        let kolkata = try TalkTimeZone(identifier: "Asia/Kolkata", secondsFromUTC: 5 * 3600 + 1800)
        #expect(kolkata.localTime(at: Fixtures.start).minuteOfDay == 5 * 60 + 30)
        // A host-supplied rule, as a zone with daylight saving would use.
        let summerOnly = TalkTimeZone(identifier: "Test/Summer") { instant in
            instant >= Fixtures.start ? 3600 : 0
        }
        #expect(summerOnly.secondsFromUTC(at: .epoch) == 0)
        #expect(summerOnly.secondsFromUTC(at: Fixtures.start) == 3600)
        let broken = TalkTimeZone(identifier: "Test/Broken") { _ in 100 * 3600 }
        #expect(broken.secondsFromUTC(at: .epoch) == TalkTimeZone.maximumOffsetSeconds)
    }
}
