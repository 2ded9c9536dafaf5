using AgentGateway.Hosting;

return await GatewayApp.RunAsync(args, Console.Out, Console.Error, Console.In);
