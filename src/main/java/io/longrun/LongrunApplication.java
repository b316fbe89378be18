package io.longrun;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class LongrunApplication {
    public static void main(String[] args) {
        SpringApplication.run(LongrunApplication.class, args);
    }
}
