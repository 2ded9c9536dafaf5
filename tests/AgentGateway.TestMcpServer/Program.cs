Console.WriteLine("test server");
