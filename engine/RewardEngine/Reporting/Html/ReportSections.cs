using RewardEngine.Reporting.Html.Sections;

namespace RewardEngine.Reporting.Html;

/// <summary>
/// The report's sections, in page order: adding a section is adding it here.
/// A best-of-n folder gets its own page (<see cref="BestOfNReport"/>).
/// </summary>
internal static class ReportSections
{
    public static IReadOnlyList<IReportSection> All { get; } =
    [
        new AccuracySection(),
        new RegressionSection(),
        new TieSection(),
        new PositionBiasSection(),
        new VerifierSection(),
        new SignalAgreementSection(),
        new LlmCostSection(),
        new ProvenanceSection(),
    ];
}
