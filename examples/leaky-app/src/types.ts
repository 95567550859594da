export interface Request {
  method: string;
  url: string;
  headers: Record<string, string>;
}

export interface Response {
  status: number;
  body: string;
}

export interface User {
  id: string;
  name: string;
}
