// Registers every /api/v1 endpoint with the router. Imported once by the server.
export {};
