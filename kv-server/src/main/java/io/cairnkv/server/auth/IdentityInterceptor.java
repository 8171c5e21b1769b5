package io.cairnkv.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.BooleanSupplier;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.apache.ratis.grpc.server.GrpcServices;
import org.apache.ratis.proto.RaftProtos.RaftClientRequestProto;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.thirdparty.io.grpc.ForwardingServerCallListener;
import org.apache.ratis.thirdparty.io.grpc.Grpc;
import org.apache.ratis.thirdparty.io.grpc.Metadata;
import org.apache.ratis.thirdparty.io.grpc.ServerCall;
import org.apache.ratis.thirdparty.io.grpc.ServerCallHandler;
import org.apache.ratis.thirdparty.io.grpc.ServerInterceptor;
import org.apache.ratis.thirdparty.io.grpc.Status;
import org.apache.ratis.thirdparty.io.grpc.netty.NettyServerBuilder;

/**
 * Binds the transport identity to each request at the gRPC layer, where the TLS session is still known
 * (Ratis hands the state machine only the message bytes).
 *
 * <ul>
 *   <li><b>Client service</b>: every write and read message gets the {@code transport_user} field
 *   (number 15 in both {@code LogEntryPayload} and {@code ReadQuery}) appended: the CN of the verified
 *   client certificate, or the empty string. Protobuf keeps the last value of a repeated scalar field, so
 *   whatever a client put there itself is overwritten; a plaintext client cannot claim a certificate
 *   identity. Appending costs a rope concatenation, no re-encoding of the request.
 *   <li><b>Admin service</b>: while auth is enabled, Ratis' admin calls that change the cluster
 *   (membership, leadership, snapshots, groups, elections) are refused: they carry no credentials.
 *   Clients send those operations as authorized CairnKV admin requests instead. Group info and list stay
 *   open, as the member list is needed to find members.
 *   <li><b>Server service</b> (peer traffic) is not touched.
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class IdentityInterceptor implements ServerInterceptor {
  static final String CLIENT_SERVICE = "ratis.grpc.RaftClientProtocolService";
  static final String ADMIN_SERVICE = "ratis.grpc.AdminProtocolService";
  private static final Set<String> OPEN_ADMIN_METHODS = Set.of("groupInfo", "groupList");
  /** Tag of field 15 with wire type 2 (length-delimited): (15 << 3) | 2. */
  private static final int TRANSPORT_USER_TAG = (15 << 3) | 2;

  private final BooleanSupplier authEnabled;

  /** An interceptor that closes the admin service while {@code authEnabled} says so. */
  public IdentityInterceptor(BooleanSupplier authEnabled) {
    this.authEnabled = authEnabled;
  }

  /** A Ratis services customizer that installs {@code interceptor} on the client and admin services. */
  public static GrpcServices.Customizer customizer(IdentityInterceptor interceptor) {
    return (NettyServerBuilder builder, EnumSet<GrpcServices.Type> types) ->
        types.contains(GrpcServices.Type.CLIENT) || types.contains(GrpcServices.Type.ADMIN)
            ? builder.intercept(interceptor) : builder;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    String service = call.getMethodDescriptor().getServiceName();
    if (ADMIN_SERVICE.equals(service)) {
      if (authEnabled.getAsBoolean() && !OPEN_ADMIN_METHODS.contains(call.getMethodDescriptor().getBareMethodName())) {
        call.close(Status.PERMISSION_DENIED.withDescription("Ratis admin calls are closed while auth is enabled; "
            + "use the CairnKV client (kvctl), which sends authorized admin requests"), new Metadata());
        return new ServerCall.Listener<Q>() {};
      }
      return next.startCall(call, headers);
    }
    if (!CLIENT_SERVICE.equals(service)) {
      return next.startCall(call, headers);
    }
    ByteString stamp = stamp(certificateUser(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION)));
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<Q>(next.startCall(call, headers)) {
      @Override
      public void onMessage(Q message) {
        super.onMessage(message instanceof RaftClientRequestProto ? stamped(message, stamp) : message);
      }
    };
  }

  @SuppressWarnings("unchecked")
  private static <Q> Q stamped(Q message, ByteString stamp) {
    RaftClientRequestProto request = (RaftClientRequestProto) message;
    if (!request.hasWrite() && !request.hasRead() && !request.hasStaleRead()) {
      return message;
    }
    return (Q) request.toBuilder().setMessage(request.getMessage().toBuilder()
        .setContent(request.getMessage().getContent().concat(stamp))).build();
  }

  /** The encoded field {@code transport_user = user}, written even when empty so that it overrides. */
  static ByteString stamp(String user) {
    byte[] utf8 = user.getBytes(StandardCharsets.UTF_8);
    ByteString.Output out = ByteString.newOutput(utf8.length + 6);
    out.write(TRANSPORT_USER_TAG);
    int length = utf8.length;
    while ((length & ~0x7f) != 0) {
      out.write((length & 0x7f) | 0x80);
      length >>>= 7;
    }
    out.write(length);
    out.write(utf8, 0, utf8.length);
    return out.toByteString();
  }

  /** The CN of the verified peer certificate of {@code session}; empty without TLS or a client certificate. */
  static String certificateUser(SSLSession session) {
    if (session == null) {
      return "";
    }
    try {
      Certificate[] chain = session.getPeerCertificates();
      if (chain.length == 0 || !(chain[0] instanceof X509Certificate)) {
        return "";
      }
      return commonName(((X509Certificate) chain[0]).getSubjectX500Principal().getName());
    } catch (SSLPeerUnverifiedException noClientCertificate) {
      return "";
    }
  }

  /** The CN of an RFC 2253 distinguished name; empty if it has none. */
  static String commonName(String distinguishedName) {
    try {
      for (Rdn rdn : new LdapName(distinguishedName).getRdns()) {
        if ("CN".equalsIgnoreCase(rdn.getType())) {
          return rdn.getValue().toString();
        }
      }
    } catch (InvalidNameException e) {
      return "";
    }
    return "";
  }
}
