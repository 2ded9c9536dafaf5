using AgentGateway.Hosting;

var gatewayOnlyVariables = GatewayProcess.ConfigureRuntime();
return await GatewayApp.RunAsync(args, Console.Out, Console.Error, Console.In, gatewayOnlyVariables);
