/**
 * Further reading for the end-of-course page: the primary sources behind the course, each a stable
 * address kept by its publisher (RFC Editor, WHATWG, W3C, OASIS, the gRPC project), with a sentence on
 * why a learner who finished the course would open it. Grouped by the phase that used it.
 */
export interface Reading {
  title: string;
  url: string;
  /** Why to read it now, in one sentence. */
  why: string;
}

export interface ReadingGroup {
  heading: string;
  items: Reading[];
}

export const furtherReading: ReadingGroup[] = [
  {
    heading: 'Streams and events over HTTP',
    items: [
      {
        title: 'HTML Living Standard, § 9.2 Server-sent events (WHATWG)',
        url: 'https://html.spec.whatwg.org/multipage/server-sent-events.html',
        why: 'The parsing algorithm for text/event-stream is a page long; reading it settles every question about blank lines, retry and Last-Event-ID.',
      },
      {
        title: 'RFC 9113: HTTP/2',
        url: 'https://www.rfc-editor.org/rfc/rfc9113',
        why: 'Streams, flow control and SETTINGS explain why one connection can carry many event streams and gRPC calls, and why a slow reader still holds a window.',
      },
    ],
  },
  {
    heading: 'WebSocket',
    items: [
      {
        title: 'RFC 6455: The WebSocket Protocol',
        url: 'https://www.rfc-editor.org/rfc/rfc6455',
        why: 'Sections 4 and 5 are the handshake and framing you implemented by hand; section 7 lists the close codes your reconnect logic should respect.',
      },
      {
        title: 'RFC 8441: Bootstrapping WebSockets with HTTP/2',
        url: 'https://www.rfc-editor.org/rfc/rfc8441',
        why: 'How a WebSocket rides one stream of an HTTP/2 connection with extended CONNECT instead of an Upgrade, which changes what proxies and load balancers see.',
      },
    ],
  },
  {
    heading: 'RPC and push',
    items: [
      {
        title: 'gRPC documentation',
        url: 'https://grpc.io/docs/',
        why: 'Guides on deadlines, cancellation, keepalive and flow control, the settings that decide how a server stream behaves in production.',
      },
      {
        title: 'RFC 8030: Generic Event Delivery Using HTTP Push',
        url: 'https://www.rfc-editor.org/rfc/rfc8030',
        why: 'The push service contract behind every Web Push subscription: TTL, urgency, topics and what a 201 or 410 from the service means.',
      },
      {
        title: 'RFC 8291: Message Encryption for Web Push',
        url: 'https://www.rfc-editor.org/rfc/rfc8291',
        why: 'The key agreement and content encoding your push server performed; its appendix has a test vector worth checking your own code against.',
      },
      {
        title: 'RFC 8292: VAPID for Web Push',
        url: 'https://www.rfc-editor.org/rfc/rfc8292',
        why: 'How an application server proves who it is to the push service with a signed JWT, and why the public key goes into subscribe().',
      },
    ],
  },
  {
    heading: 'Peers and devices',
    items: [
      {
        title: 'WebRTC: Real-Time Communication in Browsers (W3C)',
        url: 'https://www.w3.org/TR/webrtc/',
        why: 'The RTCPeerConnection API in full: perfect negotiation, data channel options and the statistics you can read to see which ICE candidate pair won.',
      },
      {
        title: 'MQTT Version 5.0 (OASIS Standard)',
        url: 'https://docs.oasis-open.org/mqtt/mqtt/v5.0/mqtt-v5.0.html',
        why: 'Session expiry, shared subscriptions, topic aliases and reason codes, the version 5 features a fleet of devices benefits from most.',
      },
    ],
  },
];
