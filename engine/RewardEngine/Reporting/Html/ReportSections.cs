using RewardEngine.Reporting.Html.Sections;

namespace RewardEngine.Reporting.Html;

/// <summary>
/// The report's sections, in page order: adding a section is adding it here.
/// Extension point for best-of-n (<c>reward bon</c>: results_best_of_{n}.jsonl, selections.jsonl and a summary JSON
/// per output folder): a loader beside <see cref="RunOutput"/> (which now refuses such a folder with a clear line),
/// an input record beside <see cref="ReportInput"/>, and an accuracy-against-n section here drawn as a line plot
/// (ScottPlot's Add.Scatter, finished like <see cref="SvgChart.Bars"/>).
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
