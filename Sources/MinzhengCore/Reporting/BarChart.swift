import Foundation

/// A grouped bar chart drawn on the server as SVG (issue 10, item 5): this year against last year by month. It is
/// readable without colour: the second series is hatched, every bar carries its value, and the legend names both;
/// `<title>` and `<desc>` give screen readers the data.
public struct BarChart: Sendable {
    public struct Series: Sendable {
        public var name: String
        public var values: [Double?]

        public init(name: String, values: [Double?]) {
            self.name = name
            self.values = values
        }
    }

    public var title: String
    public var categories: [String]
    public var series: [Series]
    /// How a value is written on its bar and in the description.
    public var format: @Sendable (Double) -> String

    public init(title: String, categories: [String], series: [Series], format: @escaping @Sendable (Double) -> String) {
        self.title = title
        self.categories = categories
        self.series = series
        self.format = format
    }

    public static let months = (1...12).map { "\($0)月" }

    public func svg(width: Int = 640, height: Int = 240) -> String {
        let left = 8.0, right = 8.0, top = 28.0, bottom = 24.0
        let plotWidth = Double(width) - left - right, plotHeight = Double(height) - top - bottom
        let maximum = max(series.flatMap { $0.values.compactMap { $0 } }.max() ?? 0, 1)
        let groupWidth = plotWidth / Double(max(categories.count, 1))
        let barWidth = (groupWidth - 6) / Double(max(series.count, 1))
        let id = String(UInt32(truncatingIfNeeded: title.hashValue), radix: 16)
        var description: [String] = []
        for one in series {
            description.append("\(one.name)：" + zip(categories, one.values).map { "\($0) \($1.map(format) ?? "无")" }.joined(separator: "，"))
        }
        var svg = """
        <svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 \(width) \(height)" role="img" aria-labelledby="t\(id) d\(id)">
        <title id="t\(id)">\(XMLText.escape(title))</title><desc id="d\(id)">\(XMLText.escape(description.joined(separator: "；")))</desc>
        <defs><pattern id="h\(id)" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#555" stroke-width="3"/></pattern></defs>
        """
        // Legend.
        var x = left
        for (index, one) in series.enumerated() {
            let fill = index == 0 ? "#1f4e79" : "url(#h\(id))"
            svg += "<rect x=\"\(x)\" y=\"6\" width=\"14\" height=\"12\" fill=\"\(fill)\" stroke=\"#333\"/><text x=\"\(x + 18)\" y=\"16\">\(XMLText.escape(one.name))</text>"
            x += 24 + Double(one.name.count) * 12
        }
        svg += "<line x1=\"\(left)\" y1=\"\(top + plotHeight)\" x2=\"\(left + plotWidth)\" y2=\"\(top + plotHeight)\" stroke=\"#333\"/>"
        for (column, category) in categories.enumerated() {
            let groupX = left + Double(column) * groupWidth + 3
            for (index, one) in series.enumerated() {
                guard column < one.values.count, let value = one.values[column] else { continue }
                let barHeight = plotHeight * value / maximum
                let barX = groupX + Double(index) * barWidth
                let fill = index == 0 ? "#1f4e79" : "url(#h\(id))"
                svg += "<rect x=\(quoted(barX)) y=\(quoted(top + plotHeight - barHeight)) width=\(quoted(max(barWidth - 1, 1))) height=\(quoted(barHeight)) fill=\"\(fill)\" stroke=\"#333\" stroke-width=\"0.5\"><title>\(XMLText.escape("\(category) \(one.name)：\(format(value))"))</title></rect>"
                if barWidth >= 12 {
                    svg += "<text x=\(quoted(barX + barWidth / 2)) y=\(quoted(top + plotHeight - barHeight - 2)) text-anchor=\"middle\" font-size=\"9\">\(XMLText.escape(format(value)))</text>"
                }
            }
            svg += "<text x=\(quoted(groupX + groupWidth / 2 - 3)) y=\(quoted(Double(height) - 8)) text-anchor=\"middle\">\(XMLText.escape(category))</text>"
        }
        return svg + "</svg>"
    }

    private func quoted(_ value: Double) -> String { "\"" + String(format: "%.1f", value) + "\"" }
}
