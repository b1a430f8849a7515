/// Something that draws itself into a rect of a canvas, with styles only from `StyleRole`.
public protocol Widget {
    func render(into canvas: inout Canvas, in rect: Rect)
}
