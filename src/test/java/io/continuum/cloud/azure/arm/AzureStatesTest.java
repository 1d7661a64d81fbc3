package io.continuum.cloud.azure.arm;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AzureStatesTest {

    @ParameterizedTest(name = "VM provisioning {0}, power {1} -> {2}")
    @CsvSource(nullValues = "null", value = {
            "Creating, null, PENDING",
            "Updating, running, PENDING",
            "Succeeded, null, PENDING",
            "Succeeded, starting, PENDING",
            "Succeeded, running, RUNNING",
            "Succeeded, deallocated, FAILED",
            "Succeeded, stopped, FAILED",
            "Failed, running, FAILED",
            "Deleting, running, GONE"})
    void vm(String provisioning, String power, String expected) {
        assertEquals(expected, AzureStates.vm(provisioning, power).name());
    }

    @ParameterizedTest(name = "container group provisioning {0}, instance {1} -> {2}")
    @CsvSource(nullValues = "null", value = {
            "Pending, null, PENDING",
            "Creating, Pending, PENDING",
            "Succeeded, Pending, PENDING",
            "Succeeded, Running, RUNNING",
            "Succeeded, Stopped, FAILED",
            "Failed, Pending, FAILED",
            "Deleting, Running, GONE"})
    void containerGroup(String provisioning, String instance, String expected) {
        assertEquals(expected, AzureStates.containerGroup(provisioning, instance).name());
    }
}
