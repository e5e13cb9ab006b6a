using System.CommandLine;
using System.CommandLine.Help;
using RewardEngine.Diagnostics;

namespace RewardEngine.Cli;

/// <summary>
/// Builds the System.CommandLine tree from the commands found by reflection: multi-word names become groups
/// (<c>kb ingest</c> under <c>kb</c>), a group or the root alone shows its help, and <c>reward help CMD</c> is the
/// same as <c>reward CMD --help</c>.
/// </summary>
internal static class CommandTree
{
    /// <summary>Descriptions of the command groups; a group missing here gets a generic one.</summary>
    private static readonly Dictionary<string, string> GroupSummaries = new(StringComparer.Ordinal)
    {
        ["constraints"] = "the instruction-following constraint parser",
        ["data"] = "standard benchmark data: list, fetch, import, export",
        ["ifeval"] = "IFEval's own evaluation of responses",
        ["kb"] = "the knowledge base: ingest, search, bench",
        ["llm"] = "the in-process LLM backend",
        ["models"] = "model files: tiny test models, ONNX export",
        ["rm"] = "the base reward model",
        ["sandbox"] = "the sandbox for model-written checkers",
    };

    public static RootCommand Build()
    {
        var root = new RootCommand("reward: agentic reward modeling, offline. Exit codes: 0 success, 1 usage error, 2 bad input data, 3 the run failed, 130 cancelled.");
        foreach (var version in root.Options.OfType<VersionOption>()) version.Action = new VersionAction();
        root.SetAction(parse => ShowHelp(parse));

        var commands = typeof(CliCommand).Assembly.GetTypes()
            .Where(t => typeof(CliCommand).IsAssignableFrom(t) && !t.IsAbstract)
            .Select(t => (CliCommand)Activator.CreateInstance(t)!)
            .OrderBy(c => c.Name, StringComparer.Ordinal);
        foreach (var c in commands) Add(root, c);

        var helpTarget = new Argument<string[]>("command") { Description = "the command to explain", Arity = ArgumentArity.ZeroOrMore };
        var help = new Command("help", "show the help of a command (reward help kb ingest)") { helpTarget };
        help.SetAction(parse => root.Parse([.. parse.GetValue(helpTarget) ?? [], "--help"]).Invoke());
        root.Add(help);
        return root;
    }

    private static void Add(RootCommand root, CliCommand c)
    {
        var words = c.Name.Split(' ');
        Command parent = root;
        foreach (var group in words[..^1])
        {
            var existing = parent.Subcommands.FirstOrDefault(s => s.Name == group);
            if (existing is null)
            {
                existing = new Command(group, GroupSummaries.GetValueOrDefault(group, $"{group} commands"));
                existing.SetAction(parse => ShowHelp(parse));
                parent.Add(existing);
            }
            parent = existing;
        }
        var command = new Command(words[^1], c.Summary);
        foreach (var s in c.Symbols)
        {
            if (s is Option o) command.Add(o);
            else if (s is Argument a) command.Add(a);
        }
        command.SetAction((parse, ct) => CommandInvocation.RunAsync(token => c.RunAsync(parse, token), ct));
        if (c.Details is { } details)
            foreach (var help in root.Options.OfType<HelpOption>()) help.Action = new HelpWithDetails(help.Action, command, details);
        parent.Add(command);
    }

    /// <summary>A group or the root invoked alone: its help, exit 0.</summary>
    private static int ShowHelp(ParseResult parse)
    {
        new HelpAction().Invoke(parse);
        return ExitCodes.Success;
    }

    /// <summary>The generated help, then the command's details (what it writes, its exit codes) after it.</summary>
    private sealed class HelpWithDetails(System.CommandLine.Invocation.CommandLineAction? inner, Command command, string details)
        : System.CommandLine.Invocation.SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            var code = inner is System.CommandLine.Invocation.SynchronousCommandLineAction s ? s.Invoke(parseResult) : new HelpAction().Invoke(parseResult);
            if (parseResult.CommandResult.Command == command)
                parseResult.InvocationConfiguration.Output.WriteLine(details.TrimEnd() + "\n");
            return code;
        }
    }

    private sealed class VersionAction : System.CommandLine.Invocation.SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine(EngineInfo.Version);
            return ExitCodes.Success;
        }
    }
}
