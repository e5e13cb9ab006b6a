using System.Globalization;
using System.Net;
using System.Text;

namespace RewardEngine.Reporting.Html;

/// <summary>Writes the report's HTML: every text is encoded; charts get document-unique ids.</summary>
internal sealed class HtmlBuilder
{
    private static readonly CultureInfo Ci = CultureInfo.InvariantCulture;
    private readonly StringBuilder _sb = new();
    private int _charts;

    /// <summary>An id prefix for the next chart's SVG elements.</summary>
    public string NextChartId() => "c" + (++_charts).ToString(Ci);

    public HtmlBuilder Raw(string html) { _sb.Append(html); return this; }

    public HtmlBuilder Text(string? text) { _sb.Append(WebUtility.HtmlEncode(text ?? "")); return this; }

    /// <summary>An element with encoded text content.</summary>
    public HtmlBuilder Element(string tag, string? text, string? cssClass = null)
    {
        _sb.Append('<').Append(tag);
        if (cssClass is not null) _sb.Append(" class=\"").Append(cssClass).Append('"');
        _sb.Append('>');
        Text(text);
        _sb.Append("</").Append(tag).Append(">\n");
        return this;
    }

    public HtmlBuilder Paragraph(string text, string? cssClass = null) => Element("p", text, cssClass);

    /// <summary>A table: headers, then rows of cells (already-formatted text).</summary>
    public HtmlBuilder Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows, string? cssClass = null)
    {
        _sb.Append(cssClass is null ? "<table>" : $"<table class=\"{cssClass}\">").Append("<thead><tr>");
        foreach (var h in headers) _sb.Append("<th>").Append(WebUtility.HtmlEncode(h)).Append("</th>");
        _sb.Append("</tr></thead><tbody>\n");
        foreach (var row in rows)
        {
            _sb.Append("<tr>");
            foreach (var cell in row) _sb.Append("<td>").Append(WebUtility.HtmlEncode(cell ?? "")).Append("</td>");
            _sb.Append("</tr>\n");
        }
        _sb.Append("</tbody></table>\n");
        return this;
    }

    public override string ToString() => _sb.ToString();

    public static string Number(double? x, string format = "0.0000") => x is { } v ? v.ToString(format, Ci) : "n/a";

    public static string Change(double x) => x.ToString("+0.0000;-0.0000;0.0000", Ci);

    public static string Percent(double? x) => x is { } v ? (v * 100).ToString("0.0", Ci) + "%" : "n/a";

    public static string PValue(double p) => p < 1e-4 ? "< 0.0001" : p.ToString("0.0000", Ci);
}
