using RewardEngine.Reporting.Html.Sections;

namespace RewardEngine.Reporting.Html;

/// <summary>
/// The report's sections, in page order: adding a section is adding it here.
/// Best-of-n output folders (results_best_of_{n}.jsonl, selections.jsonl and a summary JSON of <c>reward bon</c>)
/// are the planned next input: a loader beside <see cref="RunOutput"/> and an accuracy-against-n section here,
/// drawn with <see cref="SvgChart.Lines"/>.
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
