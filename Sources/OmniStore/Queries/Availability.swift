/// Available to promise: what a channel may still sell from a location.
/// `max(0, on_hand - reserved - safety_stock - channel_buffer)`.
public enum Availability {
    public static func availableToPromise(onHand: Int, reserved: Int, safetyStock: Int, channelBuffer: Int = 0) -> Int {
        max(0, onHand - reserved - safetyStock - channelBuffer)
    }

    /// Stock state of one SKU at one location, for colour *and* a word.
    public enum Level: String, Sendable, Codable { case out, low, ok }

    public static func level(onHand: Int, reserved: Int, safetyStock: Int, reorderPoint: Int) -> Level {
        let free = onHand - reserved - safetyStock
        if free <= 0 { return .out }
        if free <= reorderPoint { return .low }
        return .ok
    }

    /// Units to order so the free stock returns to reorder point + reorder quantity.
    public static func reorderSuggestion(onHand: Int, reserved: Int, safetyStock: Int, reorderPoint: Int, reorderQty: Int) -> Int {
        let free = onHand - reserved - safetyStock
        guard free <= reorderPoint else { return 0 }
        return max(reorderQty, reorderPoint - free + reorderQty)
    }
}
