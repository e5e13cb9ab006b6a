namespace RewardEngine.Data.Catalog;

/// <summary>
/// One subset of a benchmark, the unit <c>NAME:SUBSET</c> names: which converter makes it from which source files,
/// and what the result must hold.
/// </summary>
/// <param name="Name">The subset's name (<c>knowledge</c> in <c>judgebench:knowledge</c>).</param>
/// <param name="Converter">The converter's name (see <c>DatasetConverters</c>).</param>
/// <param name="Select">What the converter takes from its sources when the subset's name does not say (a category, an upstream subset).</param>
/// <param name="Sources">The source files it is made from (names of <see cref="CatalogSet.Sources"/>).</param>
/// <param name="Records">How many records the conversion must give, when known.</param>
/// <param name="Sha256">The SHA-256 the converted file must have, when known (a reproduction check).</param>
/// <param name="InAll">Whether the bare set name (<c>judgebench</c>) includes it.</param>
/// <param name="Defect">A known defect of the data, reported whenever it is fetched.</param>
public sealed record CatalogSubset(
    string Name,
    string Description,
    string Converter,
    string? Select,
    IReadOnlyList<string> Sources,
    int? Records,
    string? Sha256,
    bool InAll,
    string? Defect);
