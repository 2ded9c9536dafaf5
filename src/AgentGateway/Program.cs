using AgentGateway.Hosting;

GatewayProcess.ConfigureRuntime();
return await GatewayApp.RunAsync(args, Console.Out, Console.Error, Console.In);
