// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Script, console} from "forge-std/Script.sol";
import {ZKMLIncentives} from "../contracts/ZKMLIncentives.sol";
import {IZKMLIncentives} from "../contracts/interfaces/IZKMLIncentives.sol";
import {IHonkVerifier} from "../contracts/interfaces/IHonkVerifier.sol";
import {PublicInputs} from "../contracts/libraries/PublicInputs.sol";

/// @title Deploy
/// @notice Deploys the three verifiers (settlement, registration, validation) of every shipped circuit shape and one ZKMLIncentives holding them
///         (shape id = position in the list). It writes no file: the deployment record
///         `deployments/<chainId>.json` (read by the SDK) is written after the broadcast, from Foundry's
///         broadcast file and the chain, by `npm run deploy:record -- --rpc-url <url>` (ts/tools/record-deployment.ts),
///         so a dry run or a failed deploy never replaces a good record.
/// @dev The shapes and their verifier artifacts come from a JSON file, `SHAPES_CONFIG` (default
///      `script/shapes.json`): `{"shapes": [{"name", "k", "d", "nTrain", "maxProviderRows", "nVal", "settlementVerifier",
///      "registrationVerifier", "validationVerifier"}]}`, artifacts as Foundry names ("File.sol:Contract"). A missing artifact
///      stops the script before anything is broadcast (`ArtifactNotFound`). The ciphertext length C is
///      derived from D and N_PROVIDER = maxProviderRows (`PublicInputs.ciphertextLength`); the constructor
///      re-checks it.
///
///      Foundry conventions: transactions are signed by the account given on the command line, and
///      Foundry records them in its one broadcast folder, `broadcast/Deploy.s.sol/<chainId>/`.
///      With a keystore account (recommended; `cast wallet import deployer --interactive` once, the key
///      stays encrypted and is never written elsewhere):
///        npm run -s forge -- script script/Deploy.s.sol --rpc-url <url or alias> --account deployer --sender <address> --broadcast --slow
///      With a raw key (local chains; prefer the keystore elsewhere):
///        npm run -s forge -- script script/Deploy.s.sol --rpc-url http://127.0.0.1:8545 --private-key $PRIVATE_KEY --broadcast --slow
///      then: npm run deploy:record -- --rpc-url <url>
///      `--slow` sends each transaction after the previous one is mined: without it forge sends them all at
///      once, and on a node that mines on demand (anvil) a verifier that no longer fits the block stays
///      pending with nothing left to trigger the next block, so forge waits forever.
///      Add `--verify` to verify on the explorer configured in foundry.toml `[etherscan]`.
///      Env: SHAPES_CONFIG.
contract Deploy is Script {
    /// @notice Default shapes file.
    string public constant DEFAULT_SHAPES_CONFIG = "script/shapes.json";

    /// @notice A shape to deploy, as read from the shapes file.
    /// @param name Shape name, e.g. "k8d1n128".
    /// @param k Maximum providers K.
    /// @param d Features D.
    /// @param nTrain Training rows N_TRAIN (the round's capacity).
    /// @param maxProviderRows Rows one provider can register, N_PROVIDER (≤ N_TRAIN).
    /// @param nVal Maximum validation rows N_VAL.
    /// @param settlementArtifact Foundry artifact of the settlement verifier.
    /// @param registrationArtifact Foundry artifact of the registration verifier.
    /// @param validationArtifact Foundry artifact of the validation verifier.
    struct ShapeConfig {
        string name;
        uint256 k;
        uint256 d;
        uint256 nTrain;
        uint256 maxProviderRows;
        uint256 nVal;
        string settlementArtifact;
        string registrationArtifact;
        string validationArtifact;
    }

    /// @notice Addresses produced by a deployment.
    /// @param incentives The ZKMLIncentives contract.
    /// @param settlementVerifiers Settlement verifier of each shape (by shape id).
    /// @param registrationVerifiers Registration verifier of each shape (by shape id).
    /// @param validationVerifiers Validation verifier of each shape (by shape id).
    struct Deployment {
        address incentives;
        address[] settlementVerifiers;
        address[] registrationVerifiers;
        address[] validationVerifiers;
    }

    /// @notice A verifier artifact is not in the build output (run `npm run build` and `forge build`).
    /// @param artifact The Foundry artifact name.
    error ArtifactNotFound(string artifact);

    /// @notice Deploys with the broadcasting account and prints the addresses.
    /// @return d The deployed addresses.
    function run() external returns (Deployment memory d) {
        ShapeConfig[] memory shapes = readShapes(vm.envOr("SHAPES_CONFIG", DEFAULT_SHAPES_CONFIG));
        checkArtifacts(shapes);
        vm.startBroadcast();
        d = deploy(shapes);
        vm.stopBroadcast();
        // A deploy script reports what it did.
        // solhint-disable no-console
        for (uint256 i; i < shapes.length; ++i) {
            console.log("shape", i, shapes[i].name);
            console.log("  settlement verifier  ", d.settlementVerifiers[i]);
            console.log("  registration verifier", d.registrationVerifiers[i]);
            console.log("  validation verifier  ", d.validationVerifiers[i]);
        }
        console.log("ZKMLIncentives", d.incentives);
        // solhint-enable no-console
    }

    /// @notice Reads the shapes file.
    /// @param path The JSON file.
    /// @return shapes The shapes in shape-id order.
    function readShapes(string memory path) public view returns (ShapeConfig[] memory shapes) {
        string memory json = vm.readFile(path);
        uint256 n;
        while (vm.keyExistsJson(json, string.concat(".shapes[", vm.toString(n), "]"))) {
            ++n;
        }
        shapes = new ShapeConfig[](n);
        for (uint256 i; i < n; ++i) {
            string memory at = string.concat(".shapes[", vm.toString(i), "]");
            shapes[i] = ShapeConfig({
                name: vm.parseJsonString(json, string.concat(at, ".name")),
                k: vm.parseJsonUint(json, string.concat(at, ".k")),
                d: vm.parseJsonUint(json, string.concat(at, ".d")),
                nTrain: vm.parseJsonUint(json, string.concat(at, ".nTrain")),
                maxProviderRows: vm.parseJsonUint(json, string.concat(at, ".maxProviderRows")),
                nVal: vm.parseJsonUint(json, string.concat(at, ".nVal")),
                settlementArtifact: vm.parseJsonString(json, string.concat(at, ".settlementVerifier")),
                registrationArtifact: vm.parseJsonString(json, string.concat(at, ".registrationVerifier")),
                validationArtifact: vm.parseJsonString(json, string.concat(at, ".validationVerifier"))
            });
        }
    }

    /// @notice Reverts ArtifactNotFound for the first verifier artifact that is not built.
    /// @param shapes The shapes.
    function checkArtifacts(ShapeConfig[] memory shapes) public view {
        for (uint256 i; i < shapes.length; ++i) {
            _requireArtifact(shapes[i].settlementArtifact);
            _requireArtifact(shapes[i].registrationArtifact);
            _requireArtifact(shapes[i].validationArtifact);
        }
    }

    /// @notice Deploys every shape's verifiers and a ZKMLIncentives holding them.
    /// @param shapes The shapes, in shape-id order.
    /// @return d The deployed addresses.
    function deploy(ShapeConfig[] memory shapes) public returns (Deployment memory d) {
        uint256 n = shapes.length;
        IZKMLIncentives.Shape[] memory registry = new IZKMLIncentives.Shape[](n);
        d.settlementVerifiers = new address[](n);
        d.registrationVerifiers = new address[](n);
        d.validationVerifiers = new address[](n);
        for (uint256 i; i < n; ++i) {
            ShapeConfig memory s = shapes[i];
            d.settlementVerifiers[i] = vm.deployCode(s.settlementArtifact);
            d.registrationVerifiers[i] = vm.deployCode(s.registrationArtifact);
            d.validationVerifiers[i] = vm.deployCode(s.validationArtifact);
            registry[i] = IZKMLIncentives.Shape({
                k: s.k,
                d: s.d,
                nTrain: s.nTrain,
                maxProviderRows: s.maxProviderRows,
                nVal: s.nVal,
                ciphertextLength: PublicInputs.ciphertextLength(s.d, s.maxProviderRows),
                settlementVerifier: IHonkVerifier(d.settlementVerifiers[i]),
                registrationVerifier: IHonkVerifier(d.registrationVerifiers[i]),
                validationVerifier: IHonkVerifier(d.validationVerifiers[i])
            });
        }
        d.incentives = address(new ZKMLIncentives(registry));
    }

    function _requireArtifact(string memory artifact) internal view {
        try vm.getCode(artifact) returns (bytes memory code) {
            if (code.length == 0) revert ArtifactNotFound(artifact);
        } catch {
            revert ArtifactNotFound(artifact);
        }
    }
}
