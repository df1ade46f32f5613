/// Everything ExternalTalk talks to: the LINE Messaging API, LINE WORKS bots and peer tenants.
///
/// A composition of the three services, each its own protocol so an app can implement or wrap only what it uses:
///
/// - ``LineMessagingTransport``: ``LineMessagingTransport/perform(_:channel:)`` runs any ``LineAPICall`` and
///   ``LineMessagingTransport/downloadContent(messageID:channel:)`` streams binary content;
/// - ``LineWorksTransport``: ``LineWorksTransport/send(_:)`` posts a LINE WORKS bot message;
/// - ``FederationTransport``: ``FederationTransport/deliver(_:to:)`` posts a federation request to a peer tenant.
///
/// Two implementations of all three ship: `HTTPTalkTransport` (module `LineHTTPTransport`, on AsyncHTTPClient,
/// for production) and `InMemoryTransport` (TalkTesting, a fake platform for tests). Both pass the checks of
/// `TalkTransportConformance`.
///
/// A type adopts `TalkTransport` by implementing the three services' requirements; nothing else is required.
public protocol TalkTransport: LineMessagingTransport, LineWorksTransport, FederationTransport {}
