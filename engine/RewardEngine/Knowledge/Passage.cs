namespace RewardEngine.Knowledge;

/// <summary>A passage on its way into the knowledge base: where it came from, its title and its text.</summary>
public sealed record PassageRecord(string Source, string Title, string Text);

/// <summary>A passage found by <see cref="KnowledgeBase.Search"/>, best first.</summary>
/// <param name="Id">Row id in the knowledge base.</param>
/// <param name="Source">Where the passage came from (record id, file and chunk, or wiki page).</param>
/// <param name="Title">Title of the document the passage belongs to.</param>
/// <param name="Text">The passage.</param>
/// <param name="Score">bm25 relevance (higher is better) within the search stage that found it.</param>
/// <param name="Stage">Which step of the query plan found it (see <see cref="SearchStage"/>).</param>
public sealed record KnowledgeHit(long Id, string Source, string Title, string Text, double Score, SearchStage Stage);

/// <summary>The step of a planned query that produced a hit.</summary>
public enum SearchStage
{
    /// <summary>All informative query terms were required.</summary>
    AllTerms,
    /// <summary>Only the rarest informative terms were required.</summary>
    RareTerms,
    /// <summary>Any of the rarest terms, ranked by bm25, within a posting budget.</summary>
    AnyTerm,
    /// <summary>Every word was common: passages holding all of them, in index order (not ranked).</summary>
    Unranked,
    /// <summary>The unplanned OR of every query word (kept for comparison in benchmarks).</summary>
    Naive,
}
