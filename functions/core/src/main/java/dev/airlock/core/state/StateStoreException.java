package dev.airlock.core.state;

/** The state store could not be reached or refused the request for a reason other than a race. */
public class StateStoreException extends RuntimeException {
  public StateStoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public StateStoreException(String message) {
    super(message);
  }
}
