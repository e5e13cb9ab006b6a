using System.Text.Json;
using System.Text.RegularExpressions;
using RewardEngine.Verifiers.Constraints;
using RewardEngine.Verifiers.Constraints.LanguageId;

namespace RewardEngine.Tests.Constraints;

/// <summary>
/// The trigram fast path of language detection gives Lingua's own answer on every text it answers, and leaves
/// to Lingua the texts outside it.
/// </summary>
public class TrigramLanguageDetectorTests
{
    // Written for this test: several Latin-script languages, English with accents, Greek maths, emoji, symbols,
    // code, near-empty and letterless texts, and mixes that push Lingua's rules in different directions.
    private static readonly string[] Texts =
    [
        "The quick brown fox jumps over the lazy dog near the riverbank every morning.",
        "Bonjour, je voudrais réserver une table pour deux personnes ce soir, s'il vous plaît.",
        "El niño comió una manzana mientras caminaba por el parque con su perro.",
        "Der schnelle braune Fuchs springt über den faulen Hund, weil er Spaß daran hat.",
        "O menino comeu uma maçã enquanto caminhava pelo parque com o seu cão.",
        "Il ragazzo ha mangiato una mela mentre camminava nel parco con il suo cane.",
        "Chłopiec zjadł jabłko, spacerując po parku ze swoim psem.",
        "Cậu bé ăn một quả táo khi đi dạo trong công viên với con chó của mình.",
        "Mtoto alikula tufaha alipokuwa akitembea katika bustani na mbwa wake.",
        "Poika söi omenan kävellessään puistossa koiransa kanssa.",
        "De jongen at een appel terwijl hij met zijn hond door het park liep.",
        "Pojken åt ett äpple medan han promenerade i parken med sin hund.",
        "Çocuk köpeğiyle parkta yürürken bir elma yedi.",
        "Chlapec snědl jablko, když se procházel parkem se svým psem.",
        "Drengen spiste et æble, mens han gik en tur i parken med sin hund.",
        "Anak itu makan apel sambil berjalan-jalan di taman bersama anjingnya.",
        "Băiatul a mâncat un măr în timp ce se plimba prin parc cu câinele său.",
        "We met at the café and ordered a crème brûlée; the naïve fiancé paid.",
        "Let α be the learning rate and σ the standard deviation; then α/σ controls the step size.",
        "σ α β γ δ",
        "Great job!!! 🎉🎉 Let's celebrate 🚀 with pizza 🍕 tonight.",
        "$ x^2 + y^2 = z^2 $ where x, y and z are integers ≥ 1 → Pythagorean triples.",
        "def add(a, b):\n    return a + b\n\nprint(add(1, 2))",
        "ok",
        "abc",
        "12345 !!! ???",
        "**Title**\n\n* first point\n* second point\n\nThe end.",
        "Hello\nBonjour tout le monde, comment allez-vous aujourd'hui?\nGoodbye",
        "über straße größe ärger öfter",
        "«Ça va?» — «Oui, très bien, merci.»",
        "Ünlü çiçekler, güzel köşeler, şarkılar, ağaçlar.",
    ];

    [Fact]
    public void Answers_as_Lingua_does_on_every_text_it_answers()
    {
        var texts = Texts.Concat(DevSetAnswers()).SelectMany(ConstraintCheckers.LooseVariants).Where(t => t.Trim().Length > 0).Distinct().ToList();
        int answered = 0;
        foreach (var text in texts)
        {
            if (ResponseLanguage.DetectWithTrigrams(text) is not { } fast) continue;
            answered++;
            Assert.True(fast == ResponseLanguage.DetectWithLingua(text), $"fast path {fast}, Lingua {ResponseLanguage.DetectWithLingua(text)}: {text}");
        }
        // The fast path is the common case, not a rarity: nearly every text here is Latin script.
        Assert.True(answered >= texts.Count * 9 / 10, $"answered {answered} of {texts.Count}");
    }

    [Theory]
    [InlineData("Мальчик съел яблоко, гуляя по парку со своей собакой.")]
    [InlineData("男孩一边和他的狗在公园散步，一边吃了一个苹果。")]
    [InlineData("लड़के ने अपने कुत्ते के साथ पार्क में टहलते हुए एक सेब खाया।")]
    [InlineData("Cậu bé ăn một quả táo khi đi dạo trong công viên.")]   // most words carry Vietnamese letters: Lingua's rules
    [InlineData("a$b c$d e$f")]                                         // no word wholly in one alphabet
    public void Leaves_other_scripts_and_rule_decided_texts_to_Lingua(string text)
    {
        Assert.Null(ResponseLanguage.DetectWithTrigrams(text));
        Assert.NotNull(ResponseLanguage.Detect(text) ?? "undetermined");
    }

    [Fact]
    public void Cleans_text_as_Lingua_does_for_every_char()
    {
        // Lingua: trim, lower-case (invariant), drop \p{P} and \p{N}, each \s+ run to one space.
        var all = new string(Enumerable.Range(0, 0x10000).Select(i => (char)i).ToArray());
        foreach (var text in new[] { all, "  A.b-c 1 2  d\t\n e ", "x " + all + " y" })
        {
            var expected = Regex.Replace(Regex.Replace(Regex.Replace(text.Trim().ToLowerInvariant(), "\\p{P}", ""), "\\p{N}", ""), "\\s+", " ");
            Assert.Equal(expected, TrigramLanguageDetector.Clean(text));
        }
    }

    private static IEnumerable<string> DevSetAnswers()
    {
        var file = Path.Combine(TestPaths.RepoRoot, "data", "dev", "freeform.jsonl");
        foreach (var line in File.ReadLines(file).Where(l => l.Length > 0))
        {
            using var doc = JsonDocument.Parse(line);
            foreach (var field in new[] { "chosen", "rejected" })
                if (doc.RootElement.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.String) yield return v.GetString()!;
        }
    }
}
