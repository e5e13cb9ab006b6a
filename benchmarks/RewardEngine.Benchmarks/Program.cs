// `language ...` compares the trigram language detector with Lingua (Language/LanguageDetectionBench.cs);
// `service ...` runs the HTTP load test of the reward service (see Service/ServiceLoadTest.cs); anything else goes to
// BenchmarkDotNet: every benchmark class in this assembly, picked with --filter.
if (args.Length > 0 && args[0] == "language")
    return RewardEngine.Benchmarks.Language.LanguageDetectionBench.Run(args[1..]);
if (args.Length > 0 && args[0] == "service")
    return await RewardEngine.Benchmarks.Service.ServiceLoadTest.RunAsync(args[1..]);
BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
