/** A system under test: something that fans the synthetic teacher out to N classrooms. */
export interface FanoutSystem {
  readonly label: string;
  /** Where the teacher sends RTP (a PlainTransport that learns the sender from its first packet). */
  readonly ingest: { ip: string; port: number };
  /** Grows to this many classrooms, each consuming the teacher's audio and video over SRTP. */
  growTo(classrooms: number): Promise<void>;
  /** The mediasoup worker processes. */
  workerPids(): number[];
  /** The process driving the workers (the server; this process for bare mediasoup). */
  readonly controlPid: number;
  close(): Promise<void>;
}

export interface SystemOptions {
  workerBin: string;
  workers: number;
  /** Where every classroom's media goes (the receiver). */
  receiverPort: number;
  srtpSuite: import('./media.ts').SrtpSuite;
}
