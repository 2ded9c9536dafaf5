Console.WriteLine("agentgateway");
