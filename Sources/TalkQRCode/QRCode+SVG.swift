extension QRCode {
    /// An opaque sRGB colour for SVG renderings.
    public struct Color: Sendable, Hashable {
        /// The red component.
        public var red: UInt8
        /// The green component.
        public var green: UInt8
        /// The blue component.
        public var blue: UInt8

        /// Creates a colour.
        /// - Parameters:
        ///   - red: The red component.
        ///   - green: The green component.
        ///   - blue: The blue component.
        public init(red: UInt8, green: UInt8, blue: UInt8) {
            self.red = red
            self.green = green
            self.blue = blue
        }

        /// Black, `#000000`.
        public static let black = Color(red: 0, green: 0, blue: 0)
        /// White, `#ffffff`.
        public static let white = Color(red: 255, green: 255, blue: 255)

        /// The colour as `#rrggbb`. Built from numbers, so nothing a caller passes can break out of the
        /// attribute it is written into.
        var hex: String {
            let digits = Array("0123456789abcdef".utf8)
            var bytes: [UInt8] = [UInt8(ascii: "#")]
            for component in [red, green, blue] {
                bytes.append(digits[Int(component >> 4)])
                bytes.append(digits[Int(component & 0xF)])
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// Renders the symbol as a standalone SVG document.
    ///
    /// The document's `viewBox` counts modules, quiet zone included, and its `width` and `height` are that
    /// count times `moduleSize`; being vector, it scales to any size without blurring. The dark modules are
    /// one `<path>` of unit squares, one per horizontal run of dark modules, drawn with
    /// `shape-rendering="crispEdges"` so that no seams show between them. The light colour, if any, is a
    /// `<rect>` behind the whole symbol.
    /// - Parameters:
    ///   - moduleSize: The width and height of one module in the document's user units (pixels), within
    ///     ``supportedScales``.
    ///   - quietZone: The light margin on each side, in modules, within ``supportedQuietZones``.
    ///   - darkColor: The colour of the dark modules.
    ///   - lightColor: The background colour, or `nil` for a transparent one. Readers need contrast: leave it
    ///     `nil` only when the page behind is light.
    /// - Returns: The SVG document, UTF-8 text starting with an XML declaration.
    /// - Throws: ``QRCodeError`` with ``QRCodeError/Code/invalidScale`` when the module size or quiet zone is
    ///   out of range.
    public func svg(
        moduleSize: Int = 8,
        quietZone: Int = 4,
        darkColor: Color = .black,
        lightColor: Color? = .white
    ) throws(QRCodeError) -> String {
        let pixels = try renderedSide(scale: moduleSize, quietZone: quietZone, scaleName: "module size")
        let side = size + 2 * quietZone
        var path = ""
        // Roughly one run per two dark modules, each about a dozen characters.
        path.reserveCapacity(darkModuleCount * 6)
        for y in 0..<size {
            var x = 0
            while x < size {
                guard self[x: x, y: y] else {
                    x += 1
                    continue
                }
                var end = x + 1
                while end < size && self[x: end, y: y] { end += 1 }
                let run = end - x
                path += "M\(x + quietZone) \(y + quietZone)h\(run)v1h-\(run)z"
                x = end
            }
        }
        var svg = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="\(pixels)" height="\(pixels)" \
            viewBox="0 0 \(side) \(side)">

            """
        if let lightColor {
            svg += "<rect width=\"\(side)\" height=\"\(side)\" fill=\"\(lightColor.hex)\"/>\n"
        }
        svg += "<path fill=\"\(darkColor.hex)\" shape-rendering=\"crispEdges\" d=\"\(path)\"/>\n</svg>\n"
        return svg
    }
}
