namespace Wsc.Grains;
