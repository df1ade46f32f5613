import TalkModel
import Testing

@Suite struct QuotaTests {
    // 2025-01-31T23:00+09:00, an hour before the Tokyo month changes.
    let lateJanuaryJST = Timestamp(millisecondsSinceEpoch: 1_738_332_000_000)

    @Test func r32_planLimits() throws {
        #expect(MessagePlan.free.monthlyLimit == 200)
        #expect(MessagePlan.light.monthlyLimit == 5000)
        #expect(MessagePlan.standard.monthlyLimit == 30_000)
        #expect(!MessagePlan.free.allowsAdditionalMessages)
        #expect(!MessagePlan.light.allowsAdditionalMessages)
        #expect(MessagePlan.standard.allowsAdditionalMessages)
        let custom = try MessagePlan.custom(name: "contract", monthlyLimit: 100_000, allowsAdditionalMessages: true)
        #expect(custom.monthlyLimit == 100_000)
        let error = #expect(throws: QuotaError.self) {
            try MessagePlan.custom(name: "broken", monthlyLimit: -1, allowsAdditionalMessages: false)
        }
        #expect(error?.code == .invalidLimit)
    }

    @Test func r32_pushAndMulticastCountPerRecipientRepliesAreFree() throws {
        var quota = MonthlyQuota(plan: .free, at: lateJanuaryJST)
        try quota.record(.reply, at: lateJanuaryJST)
        #expect(quota.usage(at: lateJanuaryJST) == 0)
        try quota.record(.push, at: lateJanuaryJST)
        try quota.record(try .to(150, via: .multicast), at: lateJanuaryJST)
        #expect(quota.usage(at: lateJanuaryJST) == 151)
        #expect(quota.remaining(at: lateJanuaryJST) == 49)
        #expect(
            (#expect(throws: QuotaError.self) { try OutboundSend.to(0, via: .multicast) })?.code
                == .invalidRecipientCount
        )
    }

    @Test func r32_freeAndLightPlansCannotExceedAndWouldExceedAnswersFirst() throws {
        for plan in [MessagePlan.free, .light] {
            var quota = MonthlyQuota(plan: plan, at: lateJanuaryJST, used: plan.monthlyLimit - 10)
            let eleven = try OutboundSend.to(11, via: .multicast)
            #expect(quota.wouldExceed(eleven, at: lateJanuaryJST))
            #expect(!quota.wouldExceed(try .to(10, via: .multicast), at: lateJanuaryJST))
            let error = #expect(throws: QuotaError.self) { try quota.record(eleven, at: lateJanuaryJST) }
            #expect(error?.code == .limitReached)
            #expect(quota.usage(at: lateJanuaryJST) == plan.monthlyLimit - 10)
            // Replies stay possible at the limit.
            #expect(!quota.wouldExceed(.reply, at: lateJanuaryJST))
        }
    }

    @Test func r32_standardPlanMayExceedAndReportsTheExtraMessages() throws {
        var quota = MonthlyQuota(plan: .standard, at: lateJanuaryJST, used: 29_995)
        let ten = try OutboundSend.to(10, via: .broadcast)
        #expect(quota.wouldExceed(ten, at: lateJanuaryJST))
        #expect(try quota.record(ten, at: lateJanuaryJST) == 5)
        #expect(try quota.record(.push, at: lateJanuaryJST) == 1)
        #expect(quota.usage(at: lateJanuaryJST) == 30_006)
    }

    @Test func r32_countResetsAtTheTokyoMonthBoundary() throws {
        var quota = MonthlyQuota(plan: .free, at: lateJanuaryJST, used: 200)
        #expect(quota.wouldExceed(.push, at: lateJanuaryJST))
        let justBefore = lateJanuaryJST.advanced(by: .hours(1)).advanced(by: .milliseconds(-1))
        #expect(quota.wouldExceed(.push, at: justBefore))
        let firstOfFebruaryJST = lateJanuaryJST.advanced(by: .hours(1))
        #expect(!quota.wouldExceed(.push, at: firstOfFebruaryJST))
        try quota.record(.push, at: firstOfFebruaryJST)
        #expect(quota.month == CalendarMonth(year: 2025, month: 2))
        #expect(quota.usage(at: firstOfFebruaryJST) == 1)
    }
}
