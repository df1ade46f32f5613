/// The scheme and host checks on a configured base URL.
enum BaseURL {
    enum Verdict: Equatable {
        case accepted
        case refused(String)
    }

    /// Accepts `https://host...`, and `http://` only for a loopback host when allowed.
    /// - Parameters:
    ///   - url: The base URL.
    ///   - allowsInsecureLoopback: Whether `http://` may name a loopback host.
    /// - Returns: The verdict; a refusal says why without quoting the URL, which may hold credentials.
    static func check(_ url: String, allowsInsecureLoopback: Bool) -> Verdict {
        let lowered = url.lowercased()
        let isHTTPS = lowered.hasPrefix("https://")
        guard isHTTPS || lowered.hasPrefix("http://") else {
            return .refused("must start with https://")
        }
        let afterScheme = lowered.dropFirst(isHTTPS ? 8 : 7)
        let authority = afterScheme.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let hostAndPort = authority.split(separator: "@", omittingEmptySubsequences: false).last ?? ""
        let host: Substring
        if hostAndPort.hasPrefix("[") {
            guard let close = hostAndPort.firstIndex(of: "]") else { return .refused("has a malformed host") }
            host = hostAndPort[hostAndPort.index(after: hostAndPort.startIndex)..<close]
        } else {
            host = hostAndPort.prefix { $0 != ":" }
        }
        guard !host.isEmpty else { return .refused("has no host") }
        if isHTTPS { return .accepted }
        guard allowsInsecureLoopback else {
            return .refused(
                "must use https:// (plain http:// is allowed only for loopback with allowsInsecureLoopback)"
            )
        }
        return isLoopback(host) ? .accepted : .refused("uses http:// for a host that is not loopback")
    }

    /// `localhost`, `::1` or an IPv4 address in `127.0.0.0/8`.
    static func isLoopback(_ host: Substring) -> Bool {
        if host == "localhost" || host == "::1" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return false }
        for octet in octets {
            guard (1...3).contains(octet.count), octet.allSatisfy({ ("0"..."9").contains($0) }), UInt8(octet) != nil
            else { return false }
        }
        return octets[0] == "127"
    }
}
