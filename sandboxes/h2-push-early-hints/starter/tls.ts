// A test-only TLS key and self-signed certificate for 127.0.0.1 and localhost (P-256, valid until 2126),
// made once with: openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 36500
//   -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1,DNS:localhost
// It secures nothing: browsers speak HTTP/2 only over TLS, so the page server needs a certificate.
export const TEST_CERT = `-----BEGIN CERTIFICATE-----
MIIBnDCCAUGgAwIBAgIUU+alZA3Reknj0XegCQLBiT57oq0wCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJMTI3LjAuMC4xMCAXDTI2MTIwNDIxNDQwMVoYDzIxMjYxMTEw
MjE0NDAxWjAUMRIwEAYDVQQDDAkxMjcuMC4wLjEwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAATVLjsTambCyOUqUDPududCphSWID1zSaF3ZPAqLwYJJbM1vyVTmvDa
6lf47wD+XuQeRCx5WFt6Z4Jx9OVgIBVGo28wbTAdBgNVHQ4EFgQU5QjOtIMtAJ3u
j6zxTqT0GTrUx0AwHwYDVR0jBBgwFoAU5QjOtIMtAJ3uj6zxTqT0GTrUx0AwDwYD
VR0TAQH/BAUwAwEB/zAaBgNVHREEEzARhwR/AAABgglsb2NhbGhvc3QwCgYIKoZI
zj0EAwIDSQAwRgIhAMn+9U0nSTpGphh22Aa9nSqTF2IjTSQw3LivovF6XbUOAiEA
zdddmO+cmdK5pWd+u/w5ie3IDAreOC+q2JTVY/sBnhg=
-----END CERTIFICATE-----
`;

export const TEST_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQguNj76sOHXUFLrNaS
4ySw4Hy6GlpdQm4173iaDH0GGSqhRANCAATVLjsTambCyOUqUDPududCphSWID1z
SaF3ZPAqLwYJJbM1vyVTmvDa6lf47wD+XuQeRCx5WFt6Z4Jx9OVgIBVG
-----END PRIVATE KEY-----
`;
