// The floor for NativeAOT start-up: one line, as the tool's --version prints.
System.Console.WriteLine("1.0.0");
