using System.Text.Json;

namespace RewardEngine.Tests.Knowledge;

/// <summary>
/// A small corpus written for these tests: short passages on well-known topics and a few invented ones
/// (the invented ones cannot be answered from anywhere else, so finding them proves retrieval works).
/// </summary>
internal static class TestCorpus
{
    public static readonly (string Id, string Title, string Text)[] Passages =
    [
        ("p01", "Eiffel Tower", "The Eiffel Tower is a wrought-iron lattice tower on the Champ de Mars in Paris. It was designed by the company of Gustave Eiffel and completed in 1889 for the World's Fair."),
        ("p02", "Eiffel Tower", "At 330 metres the tower was the tallest man-made structure in the world until the Chrysler Building in New York was finished in 1930."),
        ("p03", "Marie Curie", "Marie Curie was a physicist and chemist born in Warsaw in 1867. She was the first woman to win a Nobel Prize and the only person to win Nobel Prizes in two sciences, physics and chemistry."),
        ("p04", "Marie Curie", "Together with Pierre Curie she discovered the elements polonium and radium. Polonium was named after her native Poland."),
        ("p05", "Photosynthesis", "Photosynthesis is the process by which plants, algae and some bacteria convert light energy into chemical energy stored in glucose. Oxygen is released as a by-product."),
        ("p06", "Photosynthesis", "In plants photosynthesis takes place in chloroplasts, which contain the green pigment chlorophyll that absorbs mostly blue and red light."),
        ("p07", "Mount Kilimanjaro", "Mount Kilimanjaro in Tanzania is the highest mountain in Africa, rising to about 5,895 metres above sea level. It is a dormant volcano with three volcanic cones: Kibo, Mawenzi and Shira."),
        ("p08", "Amazon River", "The Amazon River in South America carries more water than any other river on Earth. It flows from the Andes through Peru, Colombia and Brazil into the Atlantic Ocean."),
        ("p09", "Apollo 11", "Apollo 11 landed on the Moon on 20 July 1969. Neil Armstrong and Buzz Aldrin walked on the lunar surface while Michael Collins orbited in the command module Columbia."),
        ("p10", "Great Wall of China", "The Great Wall of China is a series of fortifications built over many centuries to protect Chinese states from raids. Most of the existing wall dates from the Ming dynasty."),
        ("p11", "Python (programming language)", "Python is a high-level programming language created by Guido van Rossum and first released in 1991. Its design emphasises readability and significant indentation."),
        ("p12", "Water", "Pure water boils at 100 degrees Celsius at sea-level pressure and freezes at 0 degrees Celsius. Its chemical formula is H2O."),
        ("p13", "Speed of light", "The speed of light in vacuum is exactly 299,792,458 metres per second. It is the upper limit for the speed at which information can travel."),
        ("p14", "William Shakespeare", "William Shakespeare was an English playwright and poet born in Stratford-upon-Avon in 1564. He wrote Hamlet, Macbeth, Othello and King Lear among about 39 plays."),
        ("p15", "Lake Varnholm", "Lake Varnholm is a fictional glacial lake invented for these tests. Its water is famously teal because of suspended zircon flour, and the lake freezes every year in late November."),
        ("p16", "Lake Varnholm", "The village of Osterby on the northern shore of Lake Varnholm holds a lantern regatta each midsummer, in which rowers carry paper lanterns across the lake at midnight."),
        ("p17", "Quillan clockmakers", "The Quillan clockmakers are an invented guild of artisans who, in this test corpus, built the first brass orrery with seventeen moving planets in the year 1702."),
        ("p18", "Quillan clockmakers", "Master Ysolde Brannick led the Quillan guild for thirty years and introduced the spiral escapement that made their pocket watches accurate to a minute a week."),
        ("p19", "Honey bees", "Honey bees communicate the direction and distance of flowers to their hive mates with the waggle dance. A colony can contain tens of thousands of worker bees."),
        ("p20", "Jupiter", "Jupiter is the largest planet in the Solar System, a gas giant more than twice as massive as all the other planets combined. Its Great Red Spot is a storm larger than Earth."),
        ("p21", "DNA", "Deoxyribonucleic acid, or DNA, carries genetic instructions in all known living organisms. Its double-helix structure was described by James Watson and Francis Crick in 1953."),
        ("p22", "Mount Everest", "Mount Everest, on the border between Nepal and China, is the highest mountain above sea level at 8,849 metres. Tenzing Norgay and Edmund Hillary first reached the summit in 1953."),
        ("p23", "Penicillin", "Alexander Fleming discovered penicillin in 1928 when he noticed that a mould had killed bacteria in a culture dish at St Mary's Hospital in London."),
        ("p24", "Tokyo", "Tokyo is the capital of Japan and one of the most populous metropolitan areas in the world. It was formerly known as Edo."),
        ("p25", "Canberra", "Canberra is the capital city of Australia. It was chosen as a compromise between Sydney and Melbourne and was purpose-built, with construction starting in 1913."),
        ("p26", "Café culture", "Viennese café culture was recognised by UNESCO as intangible cultural heritage. A traditional café serves coffee with a glass of water on a small silver tray."),
        ("p27", "Nordic skiing", "Nordic skiing includes cross-country skiing and ski jumping. Norway has won more Winter Olympic medals in cross-country skiing than any other nation."),
        ("p28", "Octopus", "An octopus has three hearts and blue blood, which uses the copper-rich protein hemocyanin to carry oxygen. Most species live less than two years."),
        ("p29", "Mathematics: pi", "The number pi is the ratio of a circle's circumference to its diameter, approximately 3.14159. It is irrational, so its decimal expansion never ends or repeats."),
        ("p30", "Telephone", "Alexander Graham Bell was awarded the first United States patent for the telephone in 1876."),
    ];

    /// <summary>Writes the corpus as JSONL {id, title, text}; returns the path.</summary>
    public static string WriteJsonl(string dir, string name = "corpus.jsonl")
    {
        var path = Path.Combine(dir, name);
        File.WriteAllLines(path, Passages.Select(p => JsonSerializer.Serialize(new { id = p.Id, title = p.Title, text = p.Text })));
        return path;
    }
}
