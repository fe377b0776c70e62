namespace Wsc.Grains.Interfaces;
