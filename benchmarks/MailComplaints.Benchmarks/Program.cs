using BenchmarkDotNet.Running;

// "intake ..." runs the end-to-end intake measurement against a live mail stack (scripts/bench-intake.sh).
if (args.Length > 0 && args[0] == "intake")
{
    return await MailComplaints.Benchmarks.Intake.IntakeBenchmark.RunAsync(args[1..]);
}

// "large-message [MB]" measures the memory one large complaint costs the reading path (scripts/bench-reading.sh).
if (args.Length > 0 && args[0] == "large-message")
{
    return MailComplaints.Benchmarks.Reading.LargeMessageMemory.Run(args[1..]);
}

// "latency STACK_DIR WORKER_DLL [COUNT]" measures complaint-to-acknowledgement latency with the worker running (scripts/bench-latency.sh).
if (args.Length > 0 && args[0] == "latency")
{
    return await MailComplaints.Benchmarks.Latency.AcknowledgementLatency.RunAsync(args[1..]);
}

// "register fill DATABASE [OPEN] [CLOSED]" fills a register at a national organisation's scale; "register run DATABASE", in a fresh
// process, times the daily sweep, the annual report and the purge with their peak memory (scripts/bench-register.sh).
if (args.Length > 0 && args[0] == "register")
{
    return await MailComplaints.Benchmarks.Register.RegisterAtScale.RunAsync(args[1..]);
}

// "fuzz [ITERATIONS] [SEED]" mutation-fuzzes the reading path (scripts/fuzz-reading.sh).
if (args.Length > 0 && args[0] == "fuzz")
{
    return MailComplaints.Benchmarks.Fuzz.ReadingFuzzer.Run(args[1..]);
}

// Every benchmark class in this assembly; pick with --filter. See docs/benchmarks.md.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
