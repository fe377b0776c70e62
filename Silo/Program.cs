using Wsc.Silo.Hosting;

return await SiloHost.RunAsync(args);
