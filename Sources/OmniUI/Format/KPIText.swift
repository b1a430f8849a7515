/// The KPI definitions, shown in `omni kpi --help`, the help overlay and the README.
public enum KPIText {
    public static let definitions = """
    Definitions:
      Net revenue      gross − discounts − refunds per channel, in the reporting currency; AOV = net ÷ orders
      Funnel           customers reached (campaign sent, visit) in 7 days → engage (product view) → cart → checkout
                       → purchase → repeat (2+ orders); each stage ⊂ the one before; walk-ins and B2B beside it
      Repeat rate      customers with ≥ 2 orders in the last 30 days ÷ customers who ordered in them
      On time (OT)     delivered on or before the promise ÷ delivered; in full (IF): every unit ÷ delivered; OTIF both
      Return rate      units returned ÷ units sold (30 days)
      SLA attainment   targets met ÷ targets applied, first response and resolution, in business hours
      First-contact    solved with fewer than two agent replies ÷ solved
      CSAT             ratings 4–5 ÷ all ratings (1–5)
      Stock-out rate   SKU-locations with available ≤ 0 ÷ SKU-locations stocked
    """
}
