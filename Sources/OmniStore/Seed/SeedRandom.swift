/// SplitMix64: small, fast, and the same sequence on every platform and run. The seeder never
/// uses `SystemRandomNumberGenerator` or anything that depends on hashing order.
struct SeedRandom {
    private var state: UInt64

    /// A stream derived from the user's seed and a constant per phase, so changing one phase
    /// does not reshuffle every other.
    init(seed: UInt64, stream: UInt64) {
        state = seed ^ (stream &* 0xD1B5_4A32_D192_ED03)
        _ = next()
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in 0..<upperBound (upperBound > 0).
    mutating func int(_ upperBound: Int) -> Int {
        Int(UInt64(upperBound).multipliedFullWidth(by: next()).high)
    }

    mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + int(range.upperBound - range.lowerBound + 1)
    }

    mutating func int64(in range: ClosedRange<Int64>) -> Int64 {
        range.lowerBound + Int64(int(Int(range.upperBound - range.lowerBound) + 1))
    }

    /// Uniform in [0, 1).
    mutating func double() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    mutating func chance(_ p: Double) -> Bool { double() < p }

    mutating func pick<T>(_ items: [T]) -> T { items[int(items.count)] }

    /// An index drawn with the weights behind `cumulative` (running sums, last = total).
    mutating func weighted(_ cumulative: [Double]) -> Int {
        let x = double() * cumulative[cumulative.count - 1]
        var lo = 0, hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] > x { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    static func cumulative(_ weights: [Double]) -> [Double] {
        var sum = 0.0
        return weights.map { sum += $0; return sum }
    }
}
