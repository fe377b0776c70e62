Console.WriteLine("wsc");
