#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Android)
import Android
#elseif canImport(ucrt)
import ucrt
#endif

/// The wall clock of the machine, read through the C library (no Foundation needed).
public struct SystemClock: TalkClock, Hashable {
    /// Creates a system clock.
    public init() {}

    /// Returns the current wall-clock time, truncated to milliseconds.
    /// - Returns: Milliseconds since the Unix epoch.
    public func now() -> Timestamp {
        var spec = timespec()
        #if canImport(ucrt)
        _ = timespec_get(&spec, TIME_UTC)
        #else
        _ = clock_gettime(CLOCK_REALTIME, &spec)
        #endif
        let milliseconds = Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
        return Timestamp(millisecondsSinceEpoch: milliseconds)
    }
}
