namespace RewardEngine.Reporting.Html;

/// <summary>
/// One section of the HTML report: a heading, a plot (inline SVG) and its numbers. Sections are listed in
/// <see cref="ReportSections.All"/>; adding one is adding a class there.
/// </summary>
internal interface IReportSection
{
    /// <summary>The anchor id (also the navigation link).</summary>
    string Id { get; }
    string Title { get; }
    /// <summary>Whether the section has something to show for this input (e.g. regressions need a baseline).</summary>
    bool AppliesTo(ReportInput input);
    void Write(ReportInput input, HtmlBuilder html);
}
