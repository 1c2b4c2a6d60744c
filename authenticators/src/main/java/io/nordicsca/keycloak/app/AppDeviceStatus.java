package io.nordicsca.keycloak.app;

/** Life cycle of a device: active, replaced by a newer phone, or locked after "this was not me". */
public enum AppDeviceStatus {
    ACTIVE, DEACTIVATED, LOCKED
}
